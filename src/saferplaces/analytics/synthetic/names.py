"""Name, nickname, spelling-variant and street-word tables for synthetic people and places.

Every name here is a common given name or surname, combined at random: no row describes a real
person. Pools are listed most common first; `zipf_weights` turns that order into sampling weights so
that a few names (Smith, Mohammed, Khan) are frequent, as they are in real call records, which is
what makes name-only linkage hard.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# Origin groups of the synthetic population. The district mix (config.ORIGIN_MIX) decides how often
# each group appears; the groups only choose name pools.
ORIGINS = ("english", "pakistani", "indian", "polish", "african")


def zipf_weights(n: int, exponent: float = 0.8) -> NDArray[np.float64]:
    """Sampling weights proportional to 1 / rank**exponent, normalised to sum to 1."""
    w = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** exponent
    return w / w.sum()


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# English given names by birth cohort: before 1965, 1965-1989, 1990 on.
ENGLISH_MALE = (
    _split(
        "John David Michael Peter Robert William Brian Keith Alan Stephen Christopher Anthony Richard "
        "Paul Kenneth Derek Geoffrey Raymond Malcolm Trevor Barry Graham Colin Terence Ronald Dennis Roy "
        "Gordon Leslie Frank George James Thomas Edward Patrick Philip Ian Gary Kevin Neil"
    ),
    _split(
        "Mark Paul David Andrew Richard Christopher James Michael Stephen Darren Lee Craig Jason Wayne "
        "Dean Matthew Daniel Robert Simon Gary Ian Neil Martin Carl Shaun Scott Jonathan Anthony Kevin "
        "Stuart Steven Thomas Adam Nicholas Philip Jamie Ryan Peter John Edward"
    ),
    _split(
        "Jack Thomas James Joshua Daniel Ryan Liam Callum Jordan Connor Lewis Matthew Luke Nathan Jake "
        "Bradley Kieran Samuel Benjamin Alexander Oliver Harry Charlie George Joseph Adam Jamie Reece "
        "Kyle Aaron Owen Dylan Ethan Tyler Alfie William Michael Christopher Andrew Scott"
    ),
)
ENGLISH_FEMALE = (
    _split(
        "Margaret Patricia Susan Christine Linda Janet Carol Barbara Elizabeth Mary Jean Pauline Sandra "
        "Maureen Brenda Kathleen Valerie Dorothy Irene Joan Ann Anne Jacqueline Gillian Diane Sheila "
        "Shirley Joyce Elaine Pamela Julie Karen Wendy Lynne Beryl June Hilary Judith Marion Doreen"
    ),
    _split(
        "Sarah Claire Emma Nicola Lisa Michelle Joanne Rachel Helen Louise Kelly Amanda Donna Samantha "
        "Victoria Julie Karen Tracey Dawn Deborah Rebecca Laura Catherine Elizabeth Jennifer Kerry Gemma "
        "Natalie Stephanie Hayley Katherine Leanne Zoe Angela Caroline Suzanne Lindsey Jacqueline "
        "Lorraine Alison"
    ),
    _split(
        "Chloe Emily Jessica Sophie Charlotte Hannah Lauren Megan Amy Rebecca Olivia Ellie Holly Bethany "
        "Abigail Georgia Grace Lucy Jade Courtney Shannon Paige Danielle Amber Molly Katie Leah Jasmine "
        "Eleanor Laura Emma Sarah Elizabeth Victoria Samantha Rachel Kayleigh Chelsea Natasha Stacey"
    ),
)
ENGLISH_SURNAMES = _split(
    "Smith Jones Taylor Brown Wilson Walker Wood Robinson Thompson Wright White Hall Green Jackson "
    "Harrison Clarke Johnson Hughes Roberts Lee Turner Shaw Holmes Marshall Atkinson Hirst Sykes Haigh "
    "Firth Crowther Brook Ackroyd Sutcliffe Greenwood Barker Bentley Mitchell Lister Dyson Moore Cooper "
    "Ward Hill Wilkinson Booth Kaye Armitage Whiteley Priestley Horsfall Pickles Heaton Hargreaves "
    "Hartley Lockwood Thornton Wainwright Schofield Stead Mellor Fox Kelly Murphy Walsh Doyle Byrne "
    "O'Brien McDonald Campbell Stewart Scott Anderson Baker Bell Carter Davies Evans Edwards Fletcher "
    "Gibson Hudson Kay King Knowles Lambert Morris Naylor Nicholson Parker Pearson Ramsden Richardson "
    "Riley Simpson Stephenson Watson Webster Williams Young Clayton O'Neill Smith-Jones"
)

PAKISTANI_MALE = _split(
    "Mohammed Muhammad Imran Asif Tariq Zahid Nadeem Shahid Khalid Sajid Waseem Naveed Adeel Bilal Usman "
    "Hamza Zain Ali Hassan Amir Irfan Kamran Faisal Rizwan Arshad Javed Zubair Abdul Yasir Amjad Aftab "
    "Shakeel Zeeshan Ibrahim Yusuf Omar Ayaan Haris Rehan Sohail"
)
PAKISTANI_FEMALE = _split(
    "Ayesha Fatima Nadia Samina Shazia Bushra Sadia Saima Nasreen Rubina Shabana Farzana Yasmin Zainab "
    "Maryam Amina Hina Sana Mehwish Rabia Asma Noreen Parveen Kausar Razia Safia Tahira Uzma Sobia Nazia "
    "Aleena Iqra Hafsa Khadija Ruqayyah Aisha Anisa Shamim Sameena Humaira"
)
PAKISTANI_SURNAMES = _split(
    "Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Shah Rashid Riaz Aslam Butt Malik Javed Bashir Rehman "
    "Ashraf Anwar Mirza Qureshi Raja Chaudhry Sadiq Yousaf Zaman Nawaz Saleem Arif Hanif Ahmad Rafiq "
    "Latif Majid Karim Siddique Din Mughal Kiani Abbasi"
)
# Older South Asian Muslim women are often recorded as Begum or Bibi rather than the family surname.
PAKISTANI_FEMALE_SURNAMES = ("Begum", "Bibi")

INDIAN_MALE = _split(
    "Harpreet Gurpreet Jaswinder Sukhwinder Rajinder Manjit Kuldip Balwinder Amarjit Harjit Ravinder "
    "Sandeep Rajesh Sanjay Vijay Anil Sunil Ramesh Dinesh Mahesh Pradeep Arjun Rohan Vikram Amit Nikhil "
    "Deepak Kiran Jaspal Parminder"
)
INDIAN_FEMALE = _split(
    "Harjinder Kulwinder Manjeet Parmjit Rajwinder Sukhjeet Jaspreet Amandeep Simran Navdeep Priya "
    "Anjali Sunita Geeta Neha Pooja Meera Nisha Sonia Kavita Rekha Asha Shanti Hema Leela Divya Ritu "
    "Seema Usha Nirmala"
)
# Family surnames; Sikh men and women also carry Singh / Kaur, which call takers may record as the
# surname instead of the family name.
INDIAN_SURNAMES = _split(
    "Patel Sharma Kumar Gill Sandhu Dhillon Sidhu Grewal Bains Johal Mistry Chauhan Parmar Lal Bhatti "
    "Sohal Atwal Virdi Mann Rai Sahota Kang Dosanjh Shah Mehta Joshi Desai Thakkar"
)
SIKH_SURNAMES = frozenset(
    [
        "Gill",
        "Sandhu",
        "Dhillon",
        "Sidhu",
        "Grewal",
        "Bains",
        "Johal",
        "Bhatti",
        "Sohal",
        "Atwal",
        "Virdi",
        "Mann",
        "Sahota",
        "Kang",
        "Dosanjh",
    ]
)

POLISH_MALE = _split(
    "Piotr Tomasz Krzysztof Paweł Marcin Michał Łukasz Jakub Kamil Grzegorz Adam Marek Andrzej Mariusz "
    "Dariusz Rafał Wojciech Mateusz Bartosz Sebastian Daniel Robert Artur Jan Radosław Szymon Dawid "
    "Patryk Ionuț Andrei Mihai Florin Marius Jozef Milan"
)
POLISH_FEMALE = _split(
    "Anna Katarzyna Agnieszka Magdalena Joanna Monika Aleksandra Małgorzata Ewa Karolina Natalia Justyna "
    "Marta Dorota Beata Paulina Agata Izabela Sylwia Iwona Elena Ioana Andreea Maria Mihaela Jana "
    "Zuzana Lucia Veronika Martina"
)
# Masculine forms; `feminine_surname` gives Kowalska for Kowalski.
POLISH_SURNAMES = _split(
    "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
    "Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Popescu Ionescu Stan "
    "Dumitru Horvath Balog Kovac Lakatos Gabor Novak Dvorak Sokol"
)

AFRICAN_MALE = _split(
    "Oluwaseun Chinedu Adebayo Emeka Kwame Kofi Abdi Mohamed Ahmed Tendai Tafadzwa Samuel Emmanuel "
    "Daniel David Joseph Michael Blessing Chukwuma Olumide Yusuf Abdirahman Kwabena Godfrey Farai"
)
AFRICAN_FEMALE = _split(
    "Adaeze Chioma Ngozi Funmilayo Abena Ama Amina Fadumo Hodan Grace Blessing Esther Faith Mercy "
    "Precious Ruth Nyasha Tariro Folake Yetunde Comfort Joy Patience Deborah Ifeoma"
)
AFRICAN_SURNAMES = _split(
    "Okafor Adeyemi Okonkwo Mensah Owusu Boateng Asante Osei Abdi Mohamed Hassan Ali Warsame Moyo Ncube "
    "Dube Sibanda Chikwanha Adebayo Olawale Eze Nwosu Oduya Agyeman Banda"
)


def feminine_surname(surname: str) -> str:
    """The feminine form of a Polish surname (Kowalski -> Kowalska); other surnames unchanged."""
    for masc, fem in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(masc):
            return surname[: -len(masc)] + fem
    return surname


@dataclass(frozen=True)
class NamePool:
    """Given names (by sex and, for English names, birth cohort) and surnames of one origin group."""

    male: tuple[tuple[str, ...], ...]
    female: tuple[tuple[str, ...], ...]
    surnames: tuple[str, ...]


NAME_POOLS: dict[str, NamePool] = {
    "english": NamePool(ENGLISH_MALE, ENGLISH_FEMALE, ENGLISH_SURNAMES),
    "pakistani": NamePool((PAKISTANI_MALE,), (PAKISTANI_FEMALE,), PAKISTANI_SURNAMES),
    "indian": NamePool((INDIAN_MALE,), (INDIAN_FEMALE,), INDIAN_SURNAMES),
    "polish": NamePool((POLISH_MALE,), (POLISH_FEMALE,), POLISH_SURNAMES),
    "african": NamePool((AFRICAN_MALE,), (AFRICAN_FEMALE,), AFRICAN_SURNAMES),
}

# Formal name -> names the same person is also called by. Used both as a person's habitual short
# name and as occasional call-taker shortening.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Robert": ("Bob", "Rob", "Bobby"),
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "William": ("Bill", "Will", "Billy"),
    "Margaret": ("Maggie", "Peggy", "Marg"),
    "Mohammed": ("Mo", "Mohd", "Md"),
    "Muhammad": ("Mo", "Muhd"),
    "Mohamed": ("Mo",),
    "Michael": ("Mike", "Mick", "Micky"),
    "Christopher": ("Chris",),
    "Anthony": ("Tony", "Ant"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Richard": ("Rich", "Ricky", "Dick"),
    "David": ("Dave", "Davy"),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "Thomas": ("Tom", "Tommy"),
    "Joseph": ("Joe",),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Andrew": ("Andy", "Drew"),
    "Jonathan": ("Jon", "Jonny"),
    "Nicholas": ("Nick",),
    "Edward": ("Ed", "Ted", "Eddie"),
    "Patrick": ("Pat", "Paddy"),
    "Peter": ("Pete",),
    "Samuel": ("Sam",),
    "Benjamin": ("Ben",),
    "Alexander": ("Alex",),
    "Frederick": ("Fred",),
    "Kenneth": ("Ken", "Kenny"),
    "Terence": ("Terry",),
    "Raymond": ("Ray",),
    "Ronald": ("Ron", "Ronnie"),
    "Gary": ("Gaz",),
    "Leslie": ("Les",),
    "Geoffrey": ("Geoff",),
    "Malcolm": ("Mal",),
    "Gordon": ("Gord",),
    "Barry": ("Baz",),
    "Darren": ("Daz",),
    "Catherine": ("Cath", "Kate", "Cathy"),
    "Katherine": ("Kate", "Kath", "Kathy"),
    "Jennifer": ("Jen", "Jenny"),
    "Susan": ("Sue", "Susie"),
    "Deborah": ("Debbie", "Deb"),
    "Rebecca": ("Becky", "Becca"),
    "Victoria": ("Vicky", "Vicki"),
    "Samantha": ("Sam", "Sammy"),
    "Jacqueline": ("Jackie",),
    "Patricia": ("Pat", "Trish", "Tricia"),
    "Christine": ("Chris", "Chrissie"),
    "Amanda": ("Mandy",),
    "Pamela": ("Pam",),
    "Barbara": ("Babs",),
    "Dorothy": ("Dot", "Dotty"),
    "Kathleen": ("Kath", "Kathy"),
    "Stephanie": ("Steph",),
    "Natasha": ("Tash",),
    "Gillian": ("Gill",),
    "Josephine": ("Jo",),
    "Joanne": ("Jo",),
    "Charlotte": ("Charlie", "Lottie"),
    "Abigail": ("Abi", "Abby"),
    "Eleanor": ("Ellie",),
    "Krzysztof": ("Krzys", "Chris"),
    "Katarzyna": ("Kasia", "Kate"),
    "Małgorzata": ("Gosia",),
    "Aleksandra": ("Ola",),
    "Tomasz": ("Tomek", "Tom"),
    "Wojciech": ("Wojtek",),
    "Piotr": ("Peter",),
    "Paweł": ("Paul",),
    "Agnieszka": ("Aga",),
    "Oluwaseun": ("Seun",),
    "Olumide": ("Mide",),
    "Chukwuma": ("Chuma",),
    "Adebayo": ("Bayo",),
    "Ibrahim": ("Ibby",),
    "Abdirahman": ("Abdi",),
    "Harpreet": ("Harry",),
    "Gurpreet": ("Gurp",),
    "Sukhwinder": ("Sukhi",),
    "Jaswinder": ("Jas",),
    "Jaspreet": ("Jas",),
    "Rajinder": ("Raj",),
    "Rajesh": ("Raj",),
    "Kulwinder": ("Kully",),
}

# Spellings of the same name that call takers write interchangeably. Each tuple is one family.
SPELLING_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Mohammad", "Muhammad", "Mohamed", "Mohamad", "Muhammed"),
    ("Stephen", "Steven"),
    ("Philip", "Phillip"),
    ("Catherine", "Katherine", "Kathryn", "Catharine"),
    ("Sarah", "Sara"),
    ("Claire", "Clare"),
    ("Zoe", "Zoë"),
    ("Aisha", "Ayesha", "Aysha"),
    ("Fatima", "Fatimah"),
    ("Nadeem", "Nadim"),
    ("Imran", "Imraan"),
    ("Yusuf", "Yousuf", "Yousef"),
    ("Amina", "Aminah"),
    ("Hussain", "Hussein", "Husain"),
    ("Ahmed", "Ahmad"),
    ("Mahmood", "Mahmud", "Mehmood"),
    ("Iqbal", "Ikbal"),
    ("Akhtar", "Akhter"),
    ("Rashid", "Rasheed"),
    ("Javed", "Javaid"),
    ("Chaudhry", "Chaudhary", "Choudhury"),
    ("Siddique", "Siddiqui"),
    ("Thompson", "Thomson"),
    ("Matthews", "Mathews"),
    ("Phillips", "Philips"),
    ("Nowak", "Novak"),
    ("Kaye", "Kay"),
    ("Brook", "Brooke"),
    ("Whiteley", "Whitley"),
    ("Haigh", "Haig"),
    ("Lindsey", "Lindsay"),
    ("Leanne", "Lianne"),
    ("Kerry", "Kerri"),
    ("Geoffrey", "Jeffrey"),
    ("Priya", "Preeya"),
    ("Manjeet", "Manjit"),
    ("Kuldip", "Kuldeep"),
)
SPELLING_VARIANTS: dict[str, tuple[str, ...]] = {
    name: tuple(other for other in family if other != name) for family in SPELLING_FAMILIES for name in family
}

# Call takers type without diacritics more often than with them.
ASCII_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻțșȚȘë", "acelnoszzACELNOSZZtsTSe")

STREET_WORDS = _split(
    "Acacia Beech Moor Mill Church Station Victoria Albert Ash Oak Elm Rose Park Manor Hall Kirk Low "
    "High Back Cross Spring Well Bank Green Lea Fern Heather Thorn Holly Cedar Willow Birch Rowan Hazel "
    "Laurel Maple Poplar Chestnut Sycamore Larch Heath Dale Brook Beck Field Croft Ings Carr Royd Hey "
    "Clough Shay Lidget Tong Broom Stone Granby Wharf Canal Lock Bridge Chapel Vicarage School Quarry "
    "Forge Tannery Foundry Weavers Spinners Dyers Fulling Prospect Providence Bethel Zion Jubilee "
    "Coronation Queens Kings Princess Regent Stanley Clarence Cavendish Cardigan Harewood Lascelles "
    "Savile Fairfax Wentworth Calder Aire Wharfe Colne Holme Ryburn Hebble Spen"
)
# (suffix, abbreviation, relative frequency)
STREET_SUFFIXES: tuple[tuple[str, str, float], ...] = (
    ("Street", "St", 16.0),
    ("Road", "Rd", 16.0),
    ("Lane", "Ln", 10.0),
    ("Avenue", "Ave", 9.0),
    ("Close", "Cl", 7.0),
    ("Crescent", "Cres", 5.0),
    ("Drive", "Dr", 6.0),
    ("Grove", "Gr", 5.0),
    ("Terrace", "Terr", 6.0),
    ("Way", "Way", 3.0),
    ("Gardens", "Gdns", 3.0),
    ("Place", "Pl", 3.0),
    ("Court", "Ct", 2.0),
    ("View", "Vw", 3.0),
    ("Mount", "Mt", 3.0),
    ("Rise", "Rise", 2.0),
    ("Walk", "Wlk", 1.0),
    ("Fold", "Fold", 2.0),
    ("Croft", "Croft", 1.5),
    ("Garth", "Garth", 1.5),
    ("Square", "Sq", 1.0),
    ("Row", "Row", 1.0),
)

SHOP_NAMES = (
    "Co-op",
    "Spar",
    "One Stop",
    "Premier Stores",
    "Tesco Express",
    "Londis",
    "Nisa Local",
    "Costcutter",
    "the chippy",
    "the off licence",
    "the newsagents",
    "the barbers",
    "the bookies",
    "the petrol station",
    "the pharmacy",
)
TAKEAWAY_NAMES = (
    "Pizza Palace",
    "the kebab shop",
    "Chicken Cottage",
    "the Chinese takeaway",
    "the Fisheries",
)
PUB_NAMES = (
    "The Red Lion",
    "The White Horse",
    "The Royal Oak",
    "The Fleece",
    "The Black Bull",
    "The Kings Arms",
    "The Old Bridge",
    "The Rose and Crown",
    "The Fox and Hounds",
    "The Mill",
    "The Railway",
    "The George",
)
SAINTS = ("Mary", "John", "Peter", "Paul", "Joseph", "Anne", "Michael", "Luke", "Matthew", "Andrew")
